namespace QirenGan.Torch.Distributed;

/// <summary>The c10d process-group implementation that carries the collectives.</summary>
public enum Backend
{
    /// <summary>ProcessGroupGloo: CPU tensors over TCP; always present.</summary>
    Gloo = 0,

    /// <summary>ProcessGroupNCCL: CUDA tensors; only in a native build against a CUDA LibTorch with nccl.h.</summary>
    Nccl = 1,
}
