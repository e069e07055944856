using System.Runtime.InteropServices;

namespace Folio.Ocr.Runtime;

/// <summary>
/// Device memory, pinned host memory and the copies between them, from the CUDA runtime that ONNX Runtime's CUDA
/// provider links (<c>libcudart.so.13</c> for Microsoft.ML.OnnxRuntime.Gpu.Linux 1.31), so already loaded when the
/// provider is. ONNX Runtime's C# API has no copy into a tensor it did not allocate, which a CUDA graph's fixed input
/// needs (<see cref="BoundSession"/>).
/// </summary>
/// <remarks>
/// The copies are synchronous: a copy from pinned host memory returns once the device holds the data, and a copy to
/// the host once the host does; <see cref="BoundSession"/> copies in before a run and out after the device has
/// finished it, so neither overlaps a run (ONNX Runtime runs on a stream of its own).
/// </remarks>
internal static partial class CudaMemory
{
    /// <summary>The CUDA runtime library of the CUDA provider.</summary>
    internal const string Runtime = "libcudart.so.13";
    private const int HostToDevice = 1;
    private const int DeviceToHost = 2;

    /// <summary>Allocates <paramref name="bytes"/> on the device.</summary>
    public static IntPtr AllocateDevice(int device, long bytes)
    {
        Check(cudaSetDevice(device), "cudaSetDevice");
        Check(cudaMalloc(out var pointer, checked((nuint)bytes)), "cudaMalloc");
        return pointer;
    }

    /// <summary>Allocates <paramref name="bytes"/> of page-locked host memory, which the device copies from at full speed.</summary>
    public static IntPtr AllocatePinned(int device, long bytes)
    {
        Check(cudaSetDevice(device), "cudaSetDevice");
        Check(cudaMallocHost(out var pointer, checked((nuint)bytes)), "cudaMallocHost");
        return pointer;
    }

    /// <summary>Copies <paramref name="bytes"/> from pinned host memory to the device; returns once they are there.</summary>
    public static void CopyToDevice(int device, IntPtr deviceDestination, IntPtr hostSource, long bytes)
    {
        Check(cudaSetDevice(device), "cudaSetDevice");
        Check(cudaMemcpy(deviceDestination, hostSource, checked((nuint)bytes), HostToDevice), "cudaMemcpy to the device");
    }

    /// <summary>Copies <paramref name="bytes"/> from the device to host memory; returns once they are there.</summary>
    public static void CopyToHost(int device, IntPtr hostDestination, IntPtr deviceSource, long bytes)
    {
        Check(cudaSetDevice(device), "cudaSetDevice");
        Check(cudaMemcpy(hostDestination, deviceSource, checked((nuint)bytes), DeviceToHost), "cudaMemcpy to the host");
    }

    /// <summary>Frees memory of <see cref="AllocateDevice"/>.</summary>
    public static void FreeDevice(IntPtr pointer) => Check(cudaFree(pointer), "cudaFree");

    /// <summary>Frees memory of <see cref="AllocatePinned"/>.</summary>
    public static void FreePinned(IntPtr pointer) => Check(cudaFreeHost(pointer), "cudaFreeHost");

    private static void Check(int error, string call)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"{call} failed: {Marshal.PtrToStringAnsi(cudaGetErrorString(error))} (CUDA error {error}).");
        }
    }

    [LibraryImport(Runtime)]
    private static partial int cudaSetDevice(int device);

    [LibraryImport(Runtime)]
    private static partial int cudaMalloc(out IntPtr pointer, nuint size);

    [LibraryImport(Runtime)]
    private static partial int cudaFree(IntPtr pointer);

    [LibraryImport(Runtime)]
    private static partial int cudaMallocHost(out IntPtr pointer, nuint size);

    [LibraryImport(Runtime)]
    private static partial int cudaFreeHost(IntPtr pointer);

    [LibraryImport(Runtime)]
    private static partial int cudaMemcpy(IntPtr destination, IntPtr source, nuint count, int kind);

    [LibraryImport(Runtime)]
    private static partial IntPtr cudaGetErrorString(int error);
}
