namespace Ingot.Host.Pipeline;

/// <summary>
/// The pipeline cannot be assembled or cannot finish an offline pass: no source or allocator to pick, or a plugin threw
/// where no later pass can retry it. The pipeline owns this type; <c>Cli/</c> maps it to an exit code.
/// </summary>
internal sealed class PipelineException : Exception
{
    public PipelineException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
