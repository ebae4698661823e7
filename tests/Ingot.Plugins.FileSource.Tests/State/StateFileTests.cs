using System.Collections.Immutable;
using System.Net;
using System.Text;
using Ingot.Plugins.FileSource.Tests;
using Ingot.Sdk.Cluster;

namespace Ingot.Plugins.FileSource.State.Tests;

public class StateFileTests
{
    private static ImmutableSortedDictionary<ServiceKey, StateEntry> Sample(int generation) => ImmutableSortedDictionary.CreateRange(
    [
        KeyValuePair.Create(new ServiceKey("default", "web"), new StateEntry([IPAddress.Parse("192.0.2.200")], "lab-ipv4")),
        KeyValuePair.Create(new ServiceKey("default", "dual"), new StateEntry([IPAddress.Parse("192.0.2.211"), IPAddress.Parse("2001:db8:0:1::211")], "lab-dual-stack")),
        KeyValuePair.Create(new ServiceKey("shop", $"gen-{generation}"), new StateEntry([IPAddress.Parse("192.0.2.201")], null)),
    ]);

    [Fact]
    public void WriteThenRead_RoundTripsEveryEntry()
    {
        using var dir = new TempDirectory();
        var path = dir.File("state/ingot.json");

        StateFile.Write(path, Sample(1));
        var read = StateFile.Read(path, out var error).Assignments;

        Assert.Null(error);
        Assert.Equal(Sample(1), read);
        Assert.False(File.Exists(StateFile.TemporaryPath(path)));
    }

    [Fact]
    public void Read_MissingFile_IsEmptyWithoutError()
    {
        using var dir = new TempDirectory();

        var read = StateFile.Read(dir.File("none.json"), out var error).Assignments;

        Assert.Empty(read);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("{\"version\":1,\"services\":[{\"namespace\":\"default\",\"name\":\"web\",\"addresses\":[\"192.0.2.")]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"version\":3,\"services\":[]}")]
    [InlineData("{\"version\":2,\"services\":[],\"released\":[{\"namespace\":\"default\",\"name\":\"web\",\"addresses\":[],\"releasedAt\":\"yesterday\"}]}")]
    [InlineData("{\"version\":2,\"services\":[],\"released\":{}}")]
    [InlineData("{\"version\":1,\"services\":[{\"namespace\":\"default\",\"name\":\"web\",\"addresses\":[\"not-an-ip\"]}]}")]
    [InlineData("{\"version\":1,\"services\":[{\"name\":\"web\",\"addresses\":[]}]}")]
    public void Read_CorruptFile_IsEmptyWithError(string content)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("state.json", content);

        var read = StateFile.Read(path, out var error).Assignments;

        Assert.Empty(read);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Read_CrashAfterTemporaryWriteBeforeRename_OldStateStillReadable()
    {
        using var dir = new TempDirectory();
        var path = dir.File("state.json");
        StateFile.Write(path, Sample(1));

        // The process dies after writing (part of) the new content under the temporary name, before the rename.
        var temporary = StateFile.WriteTemporary(path, Encoding.UTF8.GetBytes("{\"version\":1,\"services\":[{\"namesp"));
        Assert.True(File.Exists(temporary));

        var read = StateFile.Read(path, out var error).Assignments;
        Assert.Null(error);
        Assert.Equal(Sample(1), read);

        // The next write replaces the leftover temporary file and commits normally.
        StateFile.Write(path, Sample(2));
        Assert.Equal(Sample(2), StateFile.Read(path, out _).Assignments);
        Assert.False(File.Exists(temporary));
    }

    [Fact]
    public void Commit_RenamesOverTheOldFile()
    {
        using var dir = new TempDirectory();
        var path = dir.File("state.json");
        StateFile.Write(path, Sample(1));

        var temporary = StateFile.WriteTemporary(path, StateFile.Serialize(StateContents.Empty with { Assignments = Sample(2) }));
        Assert.Equal(Sample(1), StateFile.Read(path, out _).Assignments);
        StateFile.Commit(temporary, path);

        Assert.Equal(Sample(2), StateFile.Read(path, out _).Assignments);
    }
}
