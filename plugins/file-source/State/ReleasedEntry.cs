namespace Ingot.Plugins.FileSource.State;

/// <summary>An assignment whose Service went away, remembered so that the Service gets it back if it returns.</summary>
/// <param name="Entry">The addresses and pool it held.</param>
/// <param name="ReleasedAt">When the source saw it go; the memory lasts a grace period from here.</param>
internal sealed record ReleasedEntry(StateEntry Entry, DateTimeOffset ReleasedAt);
