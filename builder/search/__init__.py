"""The search index: the shard plan, the Pagefind runs, the bundle made byte-identical."""
