from dlbook.bert import SentenceEncoder

encoder = SentenceEncoder()  # (1)!
config = encoder.model.config
print(config.num_layers, "layers,", config.num_heads, "heads, C =",
      config.num_hiddens)
print(sum(p.numel() for p in encoder.model.parameters()), "parameters")
for text in ["Transformers changed NLP.", "我爱北京天安门。",
             "注意力机制"]:
    print(encoder.tokenizer.decode(encoder.tokenizer.encode(text)))  # (2)!
E = encoder.encode(["The cat sat on the mat.", "猫坐在垫子上。"])
print(tuple(E.shape), [f"{n:.3f}" for n in E.norm(dim=-1)])
