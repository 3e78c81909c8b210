from dlbook.autoencoder import AutoEncoder
from dlbook.finetune import Classifier

encoder = AutoEncoder(64, code_dim=32, num_hiddens=256).encoder
for freeze in (True, False):
    model = Classifier(encoder, 32, 10, freeze=freeze)
    n = sum(p.numel() for p in model.parameters() if p.requires_grad)
    print(f"freeze={freeze}: {n} trainable parameters")
