from setuptools import setup
setup(name="purepkg", version="0.1", py_modules=["purepkg"])
