"""The window sizes every layout test sweeps: every screen shape kiosks, projectors and laptops have."""

WIDE = [(1920, 1080), (1728, 972), (1366, 768), (2560, 1440), (3840, 2160), (2560, 1080), (3440, 1440)]
NEAR_SQUARE = [(1024, 768), (1280, 1024), (1280, 800), (1440, 900), (1920, 1200), (1600, 1200), (2048, 1536)]
PORTRAIT = [(1080, 1920), (768, 1024), (1200, 1920), (2160, 3840), (1024, 1280), (900, 1440)]
GRID = WIDE + NEAR_SQUARE + PORTRAIT
