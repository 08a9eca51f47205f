"""The build cache: what a rebuild may reuse, and the folders it is kept in."""
