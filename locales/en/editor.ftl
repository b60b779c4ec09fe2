# The rich-text editor (templates/rich_editor.html, static/editor.js).
rich-toolbar = Formatting
rich-bold = Bold
rich-italic = Italic
rich-heading = Heading
rich-list = List
rich-numbered = Numbered list
rich-link = Link
rich-preview = Preview
rich-preview-label = Preview of the formatted text
rich-text-placeholder = text
rich-link-placeholder = link text
rich-loading = Preparing the preview…
rich-empty = Nothing to show: the text is empty.
rich-error = The preview could not be prepared; the text will be formatted when saved.
