"""What the tests share: factories, the people and servers they use, pages they fill in."""
