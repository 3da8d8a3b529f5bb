"""Where highlights and roadmap items come from: the sample, files, Google Sheets."""
