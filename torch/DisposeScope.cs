namespace QirenGan.Torch;

/// <summary>
/// Owns every tensor created on this thread while it is the innermost scope, and frees them all when disposed,
/// so a training step releases its temporaries deterministically instead of waiting for the GC.
/// Keep a result alive past the scope with <see cref="Tensor.MoveToOuterScope"/> or
/// <see cref="Tensor.DetachFromDisposeScope"/>. Modelled on TorchSharp's DisposeScope.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? _current;

    private readonly DisposeScope? _outer;
    private readonly HashSet<Tensor> _owned = new(ReferenceEqualityComparer.Instance);
    private bool _disposed;

    private DisposeScope(DisposeScope? outer) => _outer = outer;

    /// <summary>Opens a scope that becomes the current one on this thread.</summary>
    public static DisposeScope Enter()
    {
        var scope = new DisposeScope(_current);
        _current = scope;
        return scope;
    }

    /// <summary>The innermost open scope on this thread, or null.</summary>
    public static DisposeScope? Current => _current;

    /// <summary>Number of tensors this scope will free.</summary>
    public int Count => _owned.Count;

    internal static void Register(Tensor tensor)
    {
        var scope = _current;
        if (scope != null)
        {
            scope._owned.Add(tensor);
            tensor.Scope = scope;
        }
    }

    internal void Release(Tensor tensor)
    {
        _owned.Remove(tensor);
        tensor.Scope = null;
    }

    internal void MoveToOuter(Tensor tensor)
    {
        Release(tensor);
        if (_outer != null)
        {
            _outer._owned.Add(tensor);
            tensor.Scope = _outer;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        foreach (var tensor in _owned)
        {
            tensor.Scope = null;
            tensor.Dispose();
        }
        _owned.Clear();
        // Scopes nest strictly; restore the one that was current when this one opened.
        if (_current == this)
        {
            _current = _outer;
        }
    }
}
