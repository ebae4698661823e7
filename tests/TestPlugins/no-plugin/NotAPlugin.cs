namespace TestPlugins.NoPlugin;

/// <summary>An ordinary library with no IngotPlugin attribute: the host must report that the folder has no plugin.</summary>
public static class NotAPlugin
{
    public static int Answer => 42;
}
