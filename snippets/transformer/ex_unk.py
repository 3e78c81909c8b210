from dlbook.tokenizer import WordPiece

tok = WordPiece.from_file()
chinese = [p for p in tok.pieces if len(p) == 1 and "\u4e00" <= p <= "\u9fff"]
print(len(tok.pieces), "pieces,", len(chinese), "single Chinese characters")
for text in ["今天天气很好", "机器学习", "我忘记了密码"]:
    pieces = tok.tokenize(text)
    print(text, pieces.count("[UNK]"), "of", len(pieces), "unknown")
