python -m torch.distributed.run --standalone --nproc-per-node 2 \
    snippets/workflow/ddp.py
