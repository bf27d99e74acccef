"""How callers reach the eligibility system over HTTP: the JSON API (`json_routes`), the 一括照会
(`batch_routes`: JSON or a CSV file), and the terminal interface's XML messages (`xml_routes`,
read and written by `xml_codec`); `dependencies` names the caller behind each signed request.
The routers are mounted together by `eligibility.routes`."""
