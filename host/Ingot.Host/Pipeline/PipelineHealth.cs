namespace Ingot.Host.Pipeline;

/// <summary>What <c>/healthz</c> and <c>/readyz</c> report: the pipeline runs; a pass has succeeded.</summary>
internal sealed class PipelineHealth
{
    private int _running;
    private int _ready;

    public bool IsRunning => Volatile.Read(ref _running) == 1;

    public bool IsReady => Volatile.Read(ref _ready) == 1;

    public void MarkRunning(bool running) => Volatile.Write(ref _running, running ? 1 : 0);

    public void MarkReady() => Volatile.Write(ref _ready, 1);
}
