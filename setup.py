"""Which files the wheel holds; everything else about the project is in pyproject.toml.

The repository keeps templates/, static/ and migrations/ at the top level; the wheel ships
them inside the package (careercenter/templates, …) with the code data, so an installed
board runs from any directory.
"""

from setuptools import find_namespace_packages, find_packages, setup

SHIPPED_DIRECTORIES = {
    "careercenter.templates": "templates",
    "careercenter.static": "static",
    "careercenter.migrations": "migrations",
}
SHIPPED_PACKAGES = [
    f"{package}{'.' + inner if inner else ''}"
    for package, directory in SHIPPED_DIRECTORIES.items()
    for inner in ["", *find_namespace_packages(where=directory, exclude=["*__pycache__*"])]
]

setup(
    packages=[*find_packages(include=["careercenter", "careercenter.*"]), *SHIPPED_PACKAGES],
    package_dir=SHIPPED_DIRECTORIES,
    package_data={
        **{package: ["*"] for package in SHIPPED_PACKAGES},
        "careercenter.codes.data": ["*.csv"],
        "careercenter.demo": ["cms/*"],
        "careercenter.search.data": ["*.txt"],
    },
)
