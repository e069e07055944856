using System.Runtime.InteropServices;

namespace Folio.Ocr.Runtime;

/// <summary>
/// How a host thread waits for the GPU to finish its work. CUDA's default lets the waiting thread spin on a core
/// whenever the process has fewer contexts than the machine has cores; a page waits for every model run it makes, so
/// with many pages in flight the spinning threads take the cores that the pages' own host work (crop sampling,
/// decoding, layout) needs. Blocking makes a waiting thread sleep until the GPU signals it.
/// </summary>
internal static partial class CudaWaits
{
    private const uint ScheduleBlockingSync = 0x04;

    /// <summary>
    /// Makes threads that wait for <paramref name="device"/> block instead of spin; applies to the device's primary
    /// context, which ONNX Runtime's CUDA provider uses. Returns why not, or null when it applies.
    /// </summary>
    public static string? Block(int device)
    {
        try
        {
            var error = cudaSetDevice(device);
            if (error == 0)
            {
                error = cudaSetDeviceFlags(ScheduleBlockingSync);
            }

            return error == 0 ? null : $"{Marshal.PtrToStringAnsi(cudaGetErrorString(error))} (CUDA error {error})";
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return ex.Message;
        }
    }

    [LibraryImport(CudaMemory.Runtime)]
    private static partial int cudaSetDevice(int device);

    [LibraryImport(CudaMemory.Runtime)]
    private static partial int cudaSetDeviceFlags(uint flags);

    [LibraryImport(CudaMemory.Runtime)]
    private static partial IntPtr cudaGetErrorString(int error);
}
