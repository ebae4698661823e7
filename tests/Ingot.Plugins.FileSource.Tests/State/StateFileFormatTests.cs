using System.Collections.Immutable;
using System.Net;
using Ingot.Plugins.FileSource.State;
using Ingot.Sdk.Cluster;

namespace Ingot.Plugins.FileSource.Tests.State;

/// <summary>The state file's versions: version 1 (assignments only) still loads; version 2 adds released assignments.</summary>
public class StateFileFormatTests
{
    [Fact]
    public void Read_VersionOneFile_LoadsAssignmentsWithNothingRemembered()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("state.json",
            "{\"version\":1,\"services\":[{\"namespace\":\"default\",\"name\":\"web\",\"addresses\":[\"192.0.2.200\"],\"pool\":\"lab-ipv4\"}]}");

        var read = StateFile.Read(path, out var error);

        Assert.Null(error);
        Assert.Equal(new StateEntry([IPAddress.Parse("192.0.2.200")], "lab-ipv4"), read.Assignments[new ServiceKey("default", "web")]);
        Assert.Empty(read.Released);
    }

    [Fact]
    public void WriteThenRead_ReleasedAssignments_RoundTripWithTheirTime()
    {
        using var dir = new TempDirectory();
        var path = dir.File("state.json");
        var at = new DateTimeOffset(2026, 12, 4, 21, 0, 0, 123, TimeSpan.Zero);
        var contents = new StateContents(
            ImmutableSortedDictionary<ServiceKey, StateEntry>.Empty.Add(new ServiceKey("default", "web"), new StateEntry([IPAddress.Parse("192.0.2.200")], "lab-ipv4")),
            ImmutableSortedDictionary<ServiceKey, ReleasedEntry>.Empty.Add(
                new ServiceKey("shop", "gone"), new ReleasedEntry(new StateEntry([IPAddress.Parse("192.0.2.201"), IPAddress.Parse("2001:db8::201")], null), at)));

        StateFile.Write(path, contents);
        var read = StateFile.Read(path, out var error);

        Assert.Null(error);
        Assert.Equal(contents, read);
        Assert.Equal(at, read.Released[new ServiceKey("shop", "gone")].ReleasedAt);
        Assert.Contains("\"version\": 2", File.ReadAllText(path), StringComparison.Ordinal);
    }
}
