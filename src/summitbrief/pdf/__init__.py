"""HTML + Press → PDF bytes; the only package that imports WeasyPrint: the document, the
fetcher, font cutting, Korean line breaks and the checks of the laid-out pages."""
