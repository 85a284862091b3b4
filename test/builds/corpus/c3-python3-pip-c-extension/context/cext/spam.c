#include <Python.h>
static PyObject *two(PyObject *s, PyObject *a) { return PyLong_FromLong(2); }
static PyMethodDef M[] = {{"two", two, METH_NOARGS, ""}, {0}};
static struct PyModuleDef D = {PyModuleDef_HEAD_INIT, "spam", 0, -1, M};
PyMODINIT_FUNC PyInit_spam(void) { return PyModule_Create(&D); }
