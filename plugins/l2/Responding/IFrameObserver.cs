namespace Ingot.Plugins.L2.Responding;

/// <summary>Sees every captured frame the responder did not answer, on the capture thread: must be cheap and never
/// block.</summary>
internal interface IFrameObserver
{
    void Observe(string interfaceName, ReadOnlySpan<byte> frame, ResponderTable table);
}
