"""Reading a site's content: posting files, their front matter and fields."""
