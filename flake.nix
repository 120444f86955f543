{
  # Development shell on holonix for Holochain 0.6, as Holochain users expect:
  #   nix develop
  # gives holochain, hc, kitsune2-bootstrap-srv, rust with the wasm32 target,
  # and node. Inside it, `npm start` and `npm test` find the tools on PATH and
  # skip their own toolchain step (scripts/toolchain.sh checks --version).
  #
  # NOTE: this flake is NOT exercised by CI or by the developers' machines
  # (they have no Nix and reach no Nix cache); the supported path is
  # scripts/toolchain.sh, which the npm scripts run.
  description = "nondominium: commons-based resource sharing on Holochain";

  inputs = {
    holonix.url = "github:holochain/holonix?ref=main-0.6";
    nixpkgs.follows = "holonix/nixpkgs";
    flake-parts.follows = "holonix/flake-parts";
  };

  outputs = inputs@{ flake-parts, ... }:
    flake-parts.lib.mkFlake { inherit inputs; } {
      systems = builtins.attrNames inputs.holonix.devShells;
      perSystem = { inputs', pkgs, ... }: {
        formatter = pkgs.nixpkgs-fmt;
        devShells.default = pkgs.mkShell {
          inputsFrom = [ inputs'.holonix.devShells.default ];
          packages = [ pkgs.nodejs_22 ];
        };
      };
    };
}
