using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using Ingot.Plugins.FileSource.State;
using Ingot.Sdk.Cluster;

// Usage: StateWriter STATE_FILE
// Writes generation 1, 2, 3, … of a state file whose every entry carries the generation, and prints each generation
// number once it is committed, until killed. The crash test reads the file after SIGKILL and checks it is whole.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: Ingot.Plugins.FileSource.StateWriter STATE_FILE");
    return 2;
}

var path = args[0];
for (var generation = 1; ; generation++)
{
    StateFile.Write(path, Generation(generation));
    Console.Out.WriteLine(generation.ToString(CultureInfo.InvariantCulture));
    Console.Out.Flush();
}

static ImmutableSortedDictionary<ServiceKey, StateEntry> Generation(int generation)
{
    var builder = ImmutableSortedDictionary.CreateBuilder<ServiceKey, StateEntry>();
    for (var i = 0; i < 64; i++)
    {
        // 192.0.2.0/24 only; the pool name carries the generation so a mixed file would show.
        var address = IPAddress.Parse($"192.0.2.{(generation + i) % 256}");
        builder[new ServiceKey("default", $"svc-{i:D2}")] = new StateEntry([address], $"gen-{generation}");
    }

    return builder.ToImmutable();
}
