namespace QirenGan.Torch;

// Reductions and linear algebra.
public sealed partial class Tensor
{
    public Tensor Sum() => Op.Get("aten::sum").Call(this);
    public Tensor Sum(long[] dims, bool keepDim = false) => Op.Get("aten::sum", "dim_IntList").Call(this, dims, keepDim);
    public Tensor Sum(long dim, bool keepDim = false) => Sum([dim], keepDim);
    public Tensor Mean() => Op.Get("aten::mean").Call(this);
    public Tensor Mean(long[] dims, bool keepDim = false) => Op.Get("aten::mean", "dim").Call(this, dims, keepDim);
    public Tensor Mean(long dim, bool keepDim = false) => Mean([dim], keepDim);
    public Tensor Prod() => Op.Get("aten::prod").Call(this);
    public Tensor Max() => Op.Get("aten::max").Call(this);
    public Tensor Min() => Op.Get("aten::min").Call(this);
    public Tensor Amax(long[] dims, bool keepDim = false) => Op.Get("aten::amax").Call(this, dims, keepDim);
    public Tensor Amin(long[] dims, bool keepDim = false) => Op.Get("aten::amin").Call(this, dims, keepDim);
    /// <summary>The k-th smallest value (k counts from 1) along <paramref name="dim"/>, with its indices.</summary>
    public (Tensor Values, Tensor Indices) KthValue(long k, long dim = -1, bool keepDim = false) => Op.Get("aten::kthvalue").Call2(this, k, dim, keepDim);
    /// <summary>Whether any element along <paramref name="dim"/> is true (bool result).</summary>
    public Tensor Any(long dim, bool keepDim = false) => Op.Get("aten::any", "dim").Call(this, dim, keepDim);
    /// <summary>Eigenvalues (ascending) and eigenvectors (columns) of a symmetric matrix, from its lower triangle (LAPACK syevd).</summary>
    public (Tensor Values, Tensor Vectors) LinalgEigh() => Op.Get("aten::linalg_eigh").Call2(this);
    /// <summary>Eigenvalues (ascending) of a symmetric matrix, from its lower triangle.</summary>
    public Tensor LinalgEigvalsh() => Op.Get("aten::linalg_eigvalsh").Call(this);
    public Tensor Trace() => Op.Get("aten::trace").Call(this);
    /// <summary>Maximum along a dimension with its indices.</summary>
    public (Tensor Values, Tensor Indices) Max(long dim, bool keepDim = false) => Op.Get("aten::max", "dim").Call2(this, dim, keepDim);
    public Tensor ArgMax(long dim, bool keepDim = false) => Op.Get("aten::argmax").Call(this, dim, keepDim);
    /// <summary>Variance along dims; <paramref name="unbiased"/> divides by N − 1.</summary>
    public Tensor Var(long[] dims, bool unbiased = true, bool keepDim = false) => Op.Get("aten::var", "dim").Call(this, dims, unbiased, keepDim);
    public Tensor Std(long[] dims, bool unbiased = true, bool keepDim = false) => Op.Get("aten::std", "dim").Call(this, dims, unbiased, keepDim);
    /// <summary>The p-norm over <paramref name="dims"/> (all elements when null).</summary>
    public Tensor Norm(double p = 2, long[]? dims = null, bool keepDim = false) =>
        Op.Get("aten::linalg_vector_norm").Call(this, p, dims is null ? Arg.None : dims, keepDim);
    public Tensor LogSumExp(long[] dims, bool keepDim = false) => Op.Get("aten::logsumexp").Call(this, dims, keepDim);
    public Tensor CumSum(long dim) => Op.Get("aten::cumsum").Call(this, dim);

    public Tensor MatMul(Tensor other) => Op.Get("aten::matmul").Call(this, other);
    public Tensor Mm(Tensor other) => Op.Get("aten::mm").Call(this, other);
    public Tensor Bmm(Tensor other) => Op.Get("aten::bmm").Call(this, other);
    /// <summary>beta·this + alpha·(batch1 @ batch2) in one kernel (this broadcasts to the product's shape).</summary>
    public Tensor Baddbmm(Tensor batch1, Tensor batch2, double beta = 1, double alpha = 1) =>
        Op.Get("aten::baddbmm").Call(this, batch1, batch2, beta, alpha);
    public Tensor Outer(Tensor other) => Op.Get("aten::outer").Call(this, other);
    /// <summary>Mean squared error with <paramref name="target"/>, averaged over all elements.</summary>
    public Tensor MseLoss(Tensor target) => Op.Get("aten::mse_loss").Call(this, target);
}
