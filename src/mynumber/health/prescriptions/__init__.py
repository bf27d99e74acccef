"""電子処方箋管理サービス: prescriptions signed on a card, their retrieval and dispensing, and the
duplicate and interaction check across facilities."""
