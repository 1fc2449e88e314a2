"""The staff pages of services, one module per area: requests, my work (and the visits and
attachments modules of their own)."""
