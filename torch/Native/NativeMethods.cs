using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace QirenGan.Torch.Native;


/// <summary>
/// The only place that declares native entry points; one partial file per native source file
/// (qg_tensor.cpp ↔ NativeMethods.Tensor.cs, …). Raw pointers never leave the binding.
/// </summary>
internal static unsafe partial class NativeMethods
{
    internal const string Library = "qirengan_native";

    /// <summary>Environment variable that points at a specific build of the native library.</summary>
    public const string LibraryVariable = "QIRENGAN_NATIVE_LIB";

    // The resolver must be in place before the first P/Invoke, whoever makes it, hence a module initializer.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void RegisterResolver()
    {
        NativeLibrary.SetDllImportResolver(typeof(NativeMethods).Assembly, Resolve);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library)
        {
            return IntPtr.Zero;
        }
        var overridePath = Environment.GetEnvironmentVariable(LibraryVariable);
        if (!string.IsNullOrEmpty(overridePath))
        {
            return NativeLibrary.Load(overridePath);
        }
        foreach (var dir in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(assembly.Location) ?? "" })
        {
            var candidate = Path.Combine(dir, "libqirengan_native.so");
            if (File.Exists(candidate))
            {
                return NativeLibrary.Load(candidate);
            }
        }
        if (NativeLibrary.TryLoad(name, assembly, searchPath, out var handle))
        {
            return handle;
        }
        throw new DllNotFoundException(
            "libqirengan_native.so was not found next to the application. Build it with scripts/setup.sh " +
            $"(it runs CMake in native/), or point {LibraryVariable} at a built copy.");
    }

    [DllImport(Library)] internal static extern IntPtr qg_last_error();
    [DllImport(Library)] internal static extern void qg_free(IntPtr p);

    /// <summary>The message of the last native failure on this thread.</summary>
    internal static string LastError()
    {
        var message = Marshal.PtrToStringUTF8(qg_last_error());
        return string.IsNullOrEmpty(message) ? "unknown native error" : message;
    }

    /// <summary>Copies and frees a string the native side allocated.</summary>
    internal static string TakeString(IntPtr p)
    {
        if (p == IntPtr.Zero)
        {
            throw new TorchException(LastError());
        }
        try
        {
            return Marshal.PtrToStringUTF8(p) ?? "";
        }
        finally
        {
            qg_free(p);
        }
    }

    internal static void Check(int rc)
    {
        if (rc != 0)
        {
            throw new TorchException(LastError());
        }
    }

    internal static IntPtr CheckHandle(IntPtr p)
    {
        if (p == IntPtr.Zero)
        {
            throw new TorchException(LastError());
        }
        return p;
    }
}
