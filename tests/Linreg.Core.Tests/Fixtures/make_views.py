# Writes state_dicts whose tensors are views sharing one storage, beside this script, and what PyTorch loads from
# them (views-expected.json); run with PyTorch 2.6 (the project's peer chroot:
# /work/shared/peers/peer-chroot.sh run 'python3 tests/Linreg.Core.Tests/Fixtures/make_views.py').
# torch.save writes a view's whole storage once, and each tensor as (storage, offset, shape, strides):
# views-transposed.pt: weight = big[:, 1:2].t() (offset 1, strides (1, 4)) and bias = big[2, 3:4] (offset 11),
#   float32, both in the one 12-element storage of big (3 x 4).
# views-sequential-float64.pt: keys 0.weight/0.bias of nn.Sequential, float64: weight = every other element of a
#   row (strides (10, 2)), bias = an element before it in the same storage.
# views-bfloat16.pt: bfloat16 weight = column 0 of a 4 x 2 matrix, transposed (strides (1, 2)), bias its last element.
# module-linear.pt: torch.save of a whole nn.Linear(2, 1) (its Parameters pickled), which import refuses.
import json
import os

import torch

here = os.path.dirname(os.path.abspath(__file__))
files = {}

big = (torch.arange(12, dtype=torch.float32).reshape(3, 4) - 5) / 8
files["views-transposed.pt"] = {"weight": big[:, 1:2].t(), "bias": big[2, 3:4]}

row = (torch.arange(20, dtype=torch.float64).reshape(2, 10) * 0.3) - 2
files["views-sequential-float64.pt"] = {"0.weight": row[1:2, 1::2], "0.bias": row[0, 3:4]}

small = torch.tensor([[1.5, -2.0], [0.25, 3.0], [-0.75, 8.0], [4.0, 0.5]], dtype=torch.bfloat16)
files["views-bfloat16.pt"] = {"weight": small[:, 0:1].t(), "bias": small[3, 1:2]}

expected = {}
for name, state in files.items():
    first = next(iter(state.values()))
    assert all(t.untyped_storage().data_ptr() == first.untyped_storage().data_ptr() for t in state.values()), name
    path = os.path.join(here, name)
    torch.save(state, path)
    loaded = torch.load(path, weights_only=True)
    weight = next(v for k, v in loaded.items() if k.endswith("weight"))
    bias = next(v for k, v in loaded.items() if k.endswith("bias"))
    linear = torch.nn.Linear(weight.shape[1], 1, dtype=weight.dtype)
    linear.load_state_dict({"weight": weight, "bias": bias})
    expected[name] = {
        "weight": weight.double().flatten().tolist(),
        "bias": bias.double().item(),
        "strides": list(state[next(iter(state))].stride()),
    }
    print(name, expected[name])

torch.manual_seed(0)
torch.save(torch.nn.Linear(2, 1), os.path.join(here, "module-linear.pt"))

with open(os.path.join(here, "views-expected.json"), "w") as f:
    json.dump(expected, f, indent=2)
    f.write("\n")
