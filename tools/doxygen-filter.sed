# Doxygen INPUT_FILTER (sed -E) for urb's headers, applied to what Doxygen
# reads, never to the files: urb documents declarations with plain /* */
# comments in kernel-doc style, which Doxygen would skip.
#   /* at the start of a line   -> /**  (documents the declaration below)
#   code; /* trailing comment   -> code; /**< (documents that member)
#   @name (a parameter)         -> \p name
#   <word> (a placeholder)      -> \<word\> (not an HTML tag)
# Licence and "generated" banners and "/* ---- section" lines stay plain.
/^\/\* (SPDX|Generated from|----)/b
s#^/\*([^*]|$)#/**\1#
s#^([[:space:]]*[^[:space:]/*].*)/\*([^*<])#\1/**<\2#
s#\*@([A-Za-z_][A-Za-z0-9_]*)#\\p *\1#g
s#@(\*?[A-Za-z_][A-Za-z0-9_]*)#\\p \1#g
s#<([a-z_]+)>#\\<\1\\>#g
