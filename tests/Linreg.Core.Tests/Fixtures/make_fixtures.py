# Writes the PyTorch fixtures beside this script; run with PyTorch 2.6 and safetensors (the project's peer chroot:
# /work/shared/peers/peer-chroot.sh run 'python3 tests/Linreg.Core.Tests/Fixtures/make_fixtures.py').
# linear2.*: nn.Linear(2, 1) with weight [[2.5, -1.25]] and bias [0.75], values exact in float32.
# sequential-float64.pt: the same layer inside nn.Sequential, in float64 (keys 0.weight, 0.bias).
# linear2x3.pt: nn.Linear(2, 3), which linreg must refuse (three outputs).
import copy
import os

import safetensors.torch as st
import torch

here = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(0)
lin = torch.nn.Linear(2, 1)
with torch.no_grad():
    lin.weight.copy_(torch.tensor([[2.5, -1.25]]))
    lin.bias.copy_(torch.tensor([0.75]))
torch.save(lin.state_dict(), os.path.join(here, "linear2.pt"))
st.save_file(lin.state_dict(), os.path.join(here, "linear2.safetensors"))
torch.save(torch.nn.Sequential(copy.deepcopy(lin)).double().state_dict(), os.path.join(here, "sequential-float64.pt"))
torch.save(torch.nn.Linear(2, 3).state_dict(), os.path.join(here, "linear2x3.pt"))
print(lin(torch.tensor([[1.0, 2.0], [4.0, -2.0]])).detach().flatten().tolist())
