using Neptune.Git.Tests.Support;

namespace Neptune.Git.Tests;

public sealed class RootDirectoryTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _checkout;
    private readonly string _outside;

    public RootDirectoryTests()
    {
        _checkout = _temp.CreateDirectory("checkout");
        _temp.CreateDirectory("checkout", "infra", "prod");
        _temp.CreateDirectory("checkout", "shared", "modules");
        File.WriteAllText(_temp.Combine("checkout", "main.tf"), "");
        _outside = _temp.CreateDirectory("outside", "secrets");
    }

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("infra/prod")]
    [InlineData("./infra//prod/")]
    public void A_subdirectory_resolves_inside_the_checkout(string rootDir) =>
        Assert.Equal(_temp.Combine("checkout", "infra", "prod"), RootDirectory.Resolve(_checkout, rootDir));

    [Theory]
    [InlineData(".")]
    [InlineData("")]
    [InlineData("./")]
    public void Dot_or_empty_is_the_repository_root(string rootDir) =>
        Assert.Equal(_checkout, RootDirectory.Resolve(_checkout, rootDir));

    [Fact]
    public void An_absolute_path_is_refused()
    {
        var error = Assert.Throws<RootDirectoryException>(() => RootDirectory.Resolve(_checkout, _outside));

        Assert.Equal($"The root directory '{_outside}' is absolute; give it relative to the repository's top (e.g. 'infra/prod', or '.' for the top).", error.Message);
        Assert.Equal(_outside, error.RootDir);
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("infra/../../outside")]
    [InlineData("infra/..")]
    public void Dot_dot_is_refused(string rootDir)
    {
        var error = Assert.Throws<RootDirectoryException>(() => RootDirectory.Resolve(_checkout, rootDir));

        Assert.Equal($"The root directory '{rootDir}' contains '..'; give a path inside the repository without '..'.", error.Message);
    }

    [Fact]
    public void A_symlink_out_of_the_checkout_is_refused()
    {
        File.CreateSymbolicLink(_temp.Combine("checkout", "escape"), "../outside/secrets");

        var error = Assert.Throws<RootDirectoryException>(() => RootDirectory.Resolve(_checkout, "escape"));

        Assert.Equal($"The root directory 'escape' leads outside the repository through a symbolic link (to '{_outside}'); roots must stay inside the checkout.", error.Message);
    }

    [Fact]
    public void A_symlink_out_of_the_checkout_is_refused_at_any_level()
    {
        // infra/link → an absolute path outside; the root is a directory below the link.
        Directory.CreateDirectory(Path.Combine(_outside, "prod"));
        Directory.CreateSymbolicLink(_temp.Combine("checkout", "infra", "link"), _outside);

        var error = Assert.Throws<RootDirectoryException>(() => RootDirectory.Resolve(_checkout, "infra/link/prod"));

        Assert.Contains($"leads outside the repository through a symbolic link (to '{Path.Combine(_outside, "prod")}')", error.Message);
    }

    [Fact]
    public void Dot_dot_inside_a_link_target_is_resolved_physically()
    {
        // deep → esc/../inside reads as checkout/inside, but esc leads out, so its '..' is outside too.
        _temp.CreateDirectory("checkout", "inside");
        _temp.CreateDirectory("outside", "inside");
        Directory.CreateSymbolicLink(_temp.Combine("checkout", "esc"), "../outside/secrets");
        Directory.CreateSymbolicLink(_temp.Combine("checkout", "deep"), "esc/../inside");

        var error = Assert.Throws<RootDirectoryException>(() => RootDirectory.Resolve(_checkout, "deep"));

        Assert.Contains($"(to '{_temp.Combine("outside", "inside")}')", error.Message);
    }

    [Fact]
    public void Symlinks_that_stay_inside_are_followed()
    {
        Directory.CreateSymbolicLink(_temp.Combine("checkout", "prod"), "infra/prod");
        Directory.CreateSymbolicLink(_temp.Combine("checkout", "current"), "prod"); // a chain
        Directory.CreateSymbolicLink(_temp.Combine("checkout", "absolute"), _temp.Combine("checkout", "shared"));

        Assert.Equal(_temp.Combine("checkout", "infra", "prod"), RootDirectory.Resolve(_checkout, "current"));
        Assert.Equal(_temp.Combine("checkout", "shared", "modules"), RootDirectory.Resolve(_checkout, "absolute/modules"));
    }

    [Fact]
    public void A_checkout_reached_through_a_symlink_is_compared_by_its_real_path()
    {
        var alias = _temp.Combine("alias");
        Directory.CreateSymbolicLink(alias, _checkout);

        Assert.Equal(_temp.Combine("checkout", "infra", "prod"), RootDirectory.Resolve(alias, "infra/prod"));
    }

    [Fact]
    public void A_missing_directory_is_refused()
    {
        var error = Assert.Throws<RootDirectoryException>(() => RootDirectory.Resolve(_checkout, "infra/staging"));

        Assert.Equal("The root directory 'infra/staging' does not exist in the repository at this revision.", error.Message);
    }

    [Fact]
    public void A_file_is_not_a_root_directory()
    {
        var error = Assert.Throws<RootDirectoryException>(() => RootDirectory.Resolve(_checkout, "main.tf"));

        Assert.Equal("The root directory 'main.tf' is a file in the repository, not a directory.", error.Message);
    }

    [Fact]
    public void A_symlink_cycle_is_refused()
    {
        Directory.CreateSymbolicLink(_temp.Combine("checkout", "ping"), "pong");
        Directory.CreateSymbolicLink(_temp.Combine("checkout", "pong"), "ping");

        var error = Assert.Throws<RootDirectoryException>(() => RootDirectory.Resolve(_checkout, "ping"));

        Assert.Equal("The root directory 'ping' goes through more than 40 symbolic links (a cycle?).", error.Message);
    }

    [Fact]
    public void The_exception_is_an_argument_exception() =>
        Assert.IsAssignableFrom<ArgumentException>(Assert.Throws<RootDirectoryException>(() => RootDirectory.Resolve(_checkout, "nope")));
}
