namespace QirenGan.Torch.Nn;

/// <summary>
/// Base of every network: named parameters, buffers (non-trained state such as running statistics) and
/// submodules, registered in declaration order so names are stable ("mapping.fc0.weight").
/// </summary>
public abstract class Module : IDisposable
{
    private readonly List<(string Name, Parameter Value)> _parameters = [];
    private readonly List<(string Name, Parameter Value)> _buffers = [];
    private readonly List<(string Name, Module Value)> _modules = [];

    /// <summary>True in training mode (batch statistics, dropout), false in evaluation mode.</summary>
    public bool Training { get; private set; } = true;

    protected Parameter RegisterParameter(string name, Tensor value)
    {
        CheckName(name);
        var p = new Parameter(value);
        _parameters.Add((name, p));
        return p;
    }

    /// <summary>Registers state that is saved and moved with the module but not trained.</summary>
    protected Parameter RegisterBuffer(string name, Tensor value)
    {
        CheckName(name);
        var p = new Parameter(value, requiresGrad: false);
        _buffers.Add((name, p));
        return p;
    }

    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        CheckName(name);
        _modules.Add((name, module));
        return module;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
        {
            throw new ArgumentException($"invalid member name '{name}'");
        }
        if (_parameters.Any(p => p.Name == name) || _buffers.Any(b => b.Name == name) || _modules.Any(m => m.Name == name))
        {
            throw new ArgumentException($"{GetType().Name} already has a member named '{name}'");
        }
    }

    public IEnumerable<(string Name, Parameter Value)> NamedParameters(string prefix = "")
    {
        foreach (var (name, p) in _parameters)
        {
            yield return (prefix + name, p);
        }
        foreach (var (name, m) in _modules)
        {
            foreach (var item in m.NamedParameters(prefix + name + "."))
            {
                yield return item;
            }
        }
    }

    public IEnumerable<(string Name, Parameter Value)> NamedBuffers(string prefix = "")
    {
        foreach (var (name, b) in _buffers)
        {
            yield return (prefix + name, b);
        }
        foreach (var (name, m) in _modules)
        {
            foreach (var item in m.NamedBuffers(prefix + name + "."))
            {
                yield return item;
            }
        }
    }

    public IEnumerable<(string Name, Module Value)> NamedModules(string prefix = "")
    {
        foreach (var (name, m) in _modules)
        {
            yield return (prefix + name, m);
            foreach (var item in m.NamedModules(prefix + name + "."))
            {
                yield return item;
            }
        }
    }

    public IEnumerable<Parameter> Parameters() => NamedParameters().Select(p => p.Value);

    /// <summary>Total number of trainable scalars.</summary>
    public long ParameterCount => Parameters().Sum(p => p.Numel);

    /// <summary>Sets training (true) or evaluation (false) mode on this module and all submodules.</summary>
    public virtual Module Train(bool training = true)
    {
        Training = training;
        foreach (var (_, m) in _modules)
        {
            m.Train(training);
        }
        return this;
    }

    public Module Eval() => Train(false);

    /// <summary>Moves parameters and buffers to <paramref name="device"/> (gradients are dropped).</summary>
    public virtual Module To(Device device)
    {
        foreach (var (_, p) in NamedParameters().Concat(NamedBuffers()))
        {
            if (p.Value.Device == device)
            {
                continue;
            }
            p.Replace(p.Value.Detach().To(device));
        }
        return this;
    }

    /// <summary>Parameters then buffers, by name (the tensors themselves, not copies).</summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor>();
        foreach (var (name, p) in NamedParameters().Concat(NamedBuffers()))
        {
            state[name] = p.Value;
        }
        return state;
    }

    /// <summary>
    /// Copies values from <paramref name="state"/> into this module's parameters and buffers. Every name must be
    /// present with the same shape, so a snapshot of another model is rejected instead of half-loaded.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, string source = "state dict")
    {
        var targets = NamedParameters().Concat(NamedBuffers()).ToList();
        foreach (var (name, p) in targets)
        {
            if (!state.TryGetValue(name, out var value))
            {
                throw new InvalidDataException($"{source}: missing tensor '{name}' for {GetType().Name}");
            }
            if (!value.Shape.SequenceEqual(p.Value.Shape))
            {
                throw new InvalidDataException(
                    $"{source}: tensor '{name}' has shape [{string.Join(", ", value.Shape)}], " +
                    $"{GetType().Name} expects [{string.Join(", ", p.Value.Shape)}]");
            }
        }
        foreach (var (name, p) in targets)
        {
            using var scope = DisposeScope.Enter();
            p.CopyFrom(state[name].To(p.Value.Device, p.Value.DType));
        }
    }

    /// <summary>
    /// Sets requires_grad on every parameter (PyTorch's module.requires_grad_): a network that only passes gradients
    /// through (D during the G step) then skips its weight gradients, a third of its backward.
    /// </summary>
    public Module RequiresGrad_(bool value = true)
    {
        foreach (var p in Parameters())
        {
            p.Value.RequiresGrad = value;
        }
        return this;
    }

    /// <summary>Clears the gradients of every parameter.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters())
        {
            p.Value.Grad = null;
        }
    }

    public virtual void Dispose()
    {
        foreach (var (_, p) in _parameters)
        {
            p.Dispose();
        }
        foreach (var (_, b) in _buffers)
        {
            b.Dispose();
        }
        foreach (var (_, m) in _modules)
        {
            m.Dispose();
        }
        GC.SuppressFinalize(this);
    }
}
