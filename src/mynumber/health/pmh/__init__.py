"""PMH (Public Medical Hub): 公費負担医療 and 自治体検診 recipients, checked by card."""
