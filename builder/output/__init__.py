"""The output folder: whose it is, writing the finished site beside it, the lock and the swap."""
