using System.Runtime.InteropServices;

namespace QirenGan.Torch.Native;

internal static unsafe partial class NativeMethods
{
    [DllImport(Library)] internal static extern IntPtr qg_image_decode_file([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int* width, int* height);
    [DllImport(Library)] internal static extern IntPtr qg_image_decode_memory(byte* bytes, long length, int* width, int* height);
    [DllImport(Library)] internal static extern IntPtr qg_image_encode_png(byte* rgb, int width, int height, int channels, long* length);
}
