"""fontconfig's answers per language and glyph coverage; never imports WeasyPrint."""
