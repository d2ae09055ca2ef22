"""Pure file formats and the bundled data (DESIGN.md §5, layer 3): no pygame, no ui, no app."""
