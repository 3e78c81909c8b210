import torch

from dlbook import seed_everything
from dlbook.models import DigitsCNN

seed_everything(0)
model = DigitsCNN().eval()
batch = torch.export.Dim("batch")
exported = torch.export.export(model, (torch.zeros(2, 1, 8, 8),),
                               dynamic_shapes={"X": {0: batch}})
program = exported.module()
X = torch.rand(7, 1, 8, 8)
with torch.no_grad():
    print(tuple(program(X).shape), torch.allclose(program(X), model(X),
                                                  atol=1e-6))
