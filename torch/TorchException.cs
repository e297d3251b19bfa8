namespace QirenGan.Torch;

/// <summary>A failure reported by libtorch (or the native layer), carrying libtorch's own message.</summary>
public sealed class TorchException(string message) : Exception(message);
