import torch

from dlbook.models import DigitsCNN, train_digits_cnn

model, _, (_, _, (X_test, y_test)) = train_digits_cnn(checkpoint="best.pt")
restored = DigitsCNN(augment=True)  # (1)!
restored.load_state_dict(torch.load("best.pt", weights_only=True))
restored.eval()

example = X_test[:1]  # (B, 1, 8, 8) with B = 1
exported = torch.export.export(restored, (example,))  # (2)!
torch.export.save(exported, "digits_cnn.pt2")
program = torch.export.load("digits_cnn.pt2").module()

with torch.no_grad():
    same = [torch.equal(restored(X).argmax(1), program(X).argmax(1))
            for X in X_test.split(1)]  # (3)!
    close = torch.allclose(restored(X_test), model.eval()(X_test), atol=1e-6)
print("reloaded checkpoint gives the same outputs:", close)
print("exported program agrees on all", len(same), "test images:", all(same))

seven = ["..#####.", "......#.", ".....#..", ".....#..",  # (4)!
         "..#####.", "....#...", "...#....", "...#...."]
new = torch.tensor([[c == "#" for c in row] for row in seven]).float()
probs = program(new.view(1, 1, 8, 8)).softmax(dim=1)  # (1, 10)
print(f"new image: predicted {probs.argmax().item()}, "
      f"probability > 0.9: {probs.max().item() > 0.9}")
