namespace Ingot.Samples.Tests;

/// <summary>Every test here shares one packed SDK, so the pack runs once.</summary>
[CollectionDefinition(Name)]
public sealed class PackedSdkCollection : ICollectionFixture<PackedSdk>
{
    public const string Name = "packed sdk";
}
