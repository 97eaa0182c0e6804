"""Stand-ins shared by the apps' tests."""

# A stored "PDF" for tests that do not look inside (render jobs, downloads, states).
FAKE_PDF = b"%PDF-1.7\n% a stand-in for tests that do not look inside\n%%EOF\n"
