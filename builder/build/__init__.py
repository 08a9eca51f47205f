"""The build: the order of the steps, from content/ to the site in its output folder."""
