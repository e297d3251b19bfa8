using QirenGan.Torch.Native;

namespace QirenGan.Torch;

/// <summary>Reverse-mode differentiation, as torch.autograd.</summary>
public static unsafe class Autograd
{
    /// <summary>Disables gradient recording until the returned guard is disposed (torch.no_grad()).</summary>
    public static GradModeGuard NoGrad() => new(false);

    /// <summary>Enables gradient recording until the returned guard is disposed (torch.enable_grad()).</summary>
    public static GradModeGuard EnableGrad() => new(true);

    public static bool IsGradEnabled => NativeMethods.qg_grad_mode_get() == 1;

    /// <summary>
    /// Gradients of <paramref name="outputs"/> with respect to <paramref name="inputs"/> (torch.autograd.grad).
    /// With <paramref name="createGraph"/> the results are themselves differentiable (double backward, R1).
    /// Entries are null for inputs the outputs do not depend on when <paramref name="allowUnused"/> is set.
    /// </summary>
    public static Tensor?[] Grad(Tensor[] outputs, Tensor[] inputs, Tensor?[]? gradOutputs = null,
        bool createGraph = false, bool? retainGraph = null, bool allowUnused = false)
    {
        if (gradOutputs != null && gradOutputs.Length != outputs.Length)
        {
            throw new ArgumentException("gradOutputs must match outputs in length");
        }
        var outs = stackalloc IntPtr[outputs.Length];
        var grads = stackalloc IntPtr[outputs.Length];
        var ins = stackalloc IntPtr[inputs.Length];
        var result = stackalloc IntPtr[inputs.Length];
        for (var k = 0; k < outputs.Length; ++k)
        {
            outs[k] = outputs[k].Handle;
            grads[k] = gradOutputs?[k]?.Handle ?? IntPtr.Zero;
        }
        for (var k = 0; k < inputs.Length; ++k)
        {
            ins[k] = inputs[k].Handle;
        }
        NativeMethods.Check(NativeMethods.qg_autograd_grad(outs, grads, outputs.Length, ins, inputs.Length,
            (retainGraph ?? createGraph) ? 1 : 0, createGraph ? 1 : 0, allowUnused ? 1 : 0, result));
        GC.KeepAlive(outputs);
        GC.KeepAlive(inputs);
        GC.KeepAlive(gradOutputs);
        var tensors = new Tensor?[inputs.Length];
        for (var k = 0; k < inputs.Length; ++k)
        {
            tensors[k] = result[k] == IntPtr.Zero ? null : new Tensor(result[k]);
        }
        return tensors;
    }

    /// <summary>The gradient of one scalar output with respect to one input.</summary>
    public static Tensor Grad(Tensor output, Tensor input, bool createGraph = false) =>
        Grad([output], [input], null, createGraph)[0]
        ?? throw new InvalidOperationException("the output does not depend on the input");

    /// <summary>Accumulates gradients of <paramref name="outputs"/> into the leaves' <see cref="Tensor.Grad"/>.</summary>
    public static void Backward(Tensor[] outputs, Tensor?[]? gradOutputs = null, bool retainGraph = false,
        bool createGraph = false)
    {
        var outs = stackalloc IntPtr[outputs.Length];
        var grads = stackalloc IntPtr[outputs.Length];
        for (var k = 0; k < outputs.Length; ++k)
        {
            outs[k] = outputs[k].Handle;
            grads[k] = gradOutputs?[k]?.Handle ?? IntPtr.Zero;
        }
        NativeMethods.Check(NativeMethods.qg_autograd_backward(outs, grads, outputs.Length, retainGraph ? 1 : 0,
            createGraph ? 1 : 0));
        GC.KeepAlive(outputs);
        GC.KeepAlive(gradOutputs);
    }
}

public sealed partial class Tensor
{
    /// <summary>Backpropagates from this (scalar, unless <paramref name="gradient"/> is given) tensor.</summary>
    public void Backward(Tensor? gradient = null, bool retainGraph = false, bool createGraph = false) =>
        Autograd.Backward([this], gradient is null ? null : [gradient], retainGraph, createGraph);
}
