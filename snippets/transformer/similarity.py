from dlbook.bert import SentenceEncoder

encoder = SentenceEncoder()
pairs = [
    ("A man is playing a guitar.", "Someone is playing an instrument."),
    ("A man is playing a guitar.", "The stock market fell today."),
    ("How do I reset my password?", "I forgot my login password."),
    ("一个男人在弹吉他。", "有人在演奏乐器。"),
    ("一个男人在弹吉他。", "今天股市下跌了。"),
    ("我忘记了密码。", "今天股市下跌了。"),
]
for a, b in pairs:
    E = encoder.encode([a, b])  # (2, 384), each of length 1
    print(f"{E[0] @ E[1]:5.2f}  {a} | {b}")  # (1)!
