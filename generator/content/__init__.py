"""Reading and checking the seller's files: store.yml, products, prices, links and text."""
