from dlbook.rnn import generate

prompt = vocab.encode("MENENIUS:\n")
sample = generate(model, prompt, 200, temperature=0.8,  # (1)!
                  generator=torch.Generator().manual_seed(0))
text_out = vocab.decode(sample)  # print(text_out) to read it
assert text_out.startswith("MENENIUS:\n") and len(text_out) == 210
