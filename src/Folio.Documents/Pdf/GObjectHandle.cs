using Microsoft.Win32.SafeHandles;

namespace Folio.Documents.Pdf;

/// <summary>Owns one GObject reference and drops it with <c>g_object_unref</c>, even if Dispose is forgotten.</summary>
internal sealed class GObjectHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public GObjectHandle(IntPtr instance)
        : base(ownsHandle: true)
    {
        SetHandle(instance);
    }

    protected override bool ReleaseHandle()
    {
        PopplerNative.g_object_unref(handle);
        return true;
    }
}
